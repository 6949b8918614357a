"""引语: attributed quotations (people, classics, sayings, books) in the documents (kb.toolkit.libraries.quotations)."""

from app_pages.library import library_page, render_quotation
from kb.toolkit.libraries import quotations

library_page("quote", "引语", "文中引用的古语、名言和讲话原文，注明出处", quotations, render_quotation,
             placeholder="查找引语，例如：为政之道", filter_name="speaker", filter_label="说话人，例如：习近平、古人")
