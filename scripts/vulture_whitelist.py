"""Names vulture cannot see used (checked in CI: ``vulture kb app_pages app.py scripts/vulture_whitelist.py``).

Each entry says why it is alive."""
# ruff: noqa
from kb.models import Document, FileReport, SourceDocument

SourceDocument.encoding  # printed in the JSON report (a contract), read by tests
FileReport.renamed_from  # JSON report field (contract)
version  # Streamlit cache keys: arguments that only make st.cache_data miss when the index changes
stopped  # attributes of whoosh.analysis.Token that Whoosh itself reads
startchar
endchar
rgb  # python-docx style attributes, read by Word
first_line_indent
superscript
alignment
bold
italic
ingested  # DocumentInfo.ingested: in `kb docs --json` (contract)
classify_kinds  # public: the rules' kinds of a text alone (tests; label() reads them from the View)
kind_names  # public: the kind vocabulary (kb/data/kinds.toml), listed by the site and tests
save_upload  # kb.ingest.corpus: the path-only form of upload() (the site and kb add now go through kb.ingest.add), kept for scripts and tests
rss_bytes  # kb.engines.cluster: engine memory, read by bench/engine.py
mirror_ids  # kb.engines.sphinx: the ids a mirror holds, compared by the mirror tests and by repair checks
n_relevant  # a field of the per-query JSON report of kb eval
ensure  # IndexStore.ensure / pipeline: create an empty index on a first ingest (public API, tested)
find_class  # pickle.Unpickler hook, called by pickle itself (kb.search.semantic's inert reader)
ExpanderFactory  # a type alias
with_citation  # kb.toolkit.basket: text + citation, the public form of what the copy button copies
clear_cache  # kb.toolkit.libraries: drop cached libraries (tests, and after a rebuild)
formulation  # kb.toolkit.libraries: one formulation by name (public API, tested)
_blob  # python-docx attributes set by kb.toolkit.export, read by Word
last_modified_by
comments
page_height
page_width
bottom_margin
left_margin
right_margin
top_margin
footer_distance
line_spacing_rule
line_spacing
space_after
space_before
exact_texts  # Searcher.exact_texts: what a quoted search looks in, per passage (the tests state quoted search by it)
mergetype  # kb.index.writer: Whoosh's SegmentWriter reads it at commit (the merge policy)
collect_matches  # kb.search.budget.DeadlineCollector: Whoosh's Collector.run calls it
