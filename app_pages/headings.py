"""标题: every document's headings, for borrowing structure and phrasing (kb.toolkit.libraries.headings)."""

from app_pages.library import library_page, render_heading
from kb.toolkit.libraries import headings

library_page("head", "标题", "各篇文档的小标题：拟提纲时参考结构和句式", headings, render_heading,
             placeholder="查找标题，例如：服务、落实", filter_name="level", filter_label="层级",
             filter_options=[1, 2, 3], filter_format=lambda v: f"{v} 级标题")
