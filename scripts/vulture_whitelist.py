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
kind_names  # public: the kind vocabulary (kb/data/kinds.toml), listed by the site and tests
save_upload  # kb.ingest.corpus: the path-only form of upload() (the site and kb add now go through kb.ingest.add), kept for scripts and tests
