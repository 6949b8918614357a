"""金句: rhetorical sentences (排比, 对偶, 四字格, 设问, 引语) from the documents (kb.toolkit.libraries.sentences)."""

from app_pages.library import library_page, render_sentence
from kb.toolkit.libraries import sentences

library_page("sent", "金句", "可以直接借鉴的好句子：排比、对偶、四字格、设问、引语", sentences, render_sentence,
             placeholder="查找金句，例如：落实、作风", filter_name="kind", filter_label="句式",
             filter_options=["排比", "对偶", "四字格", "设问", "引语"])
