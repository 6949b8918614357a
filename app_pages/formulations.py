"""提法: numbered and set formulations (三服务, 四个意识 ...) and where they are used (kb.toolkit.libraries.formulations)."""

from app_pages.library import library_page, render_formulation, topics
from kb.toolkit.libraries import formulations

library_page("form", "提法", "文件里反复使用的规范提法：完整表述、分项和出处", formulations, render_formulation,
             placeholder="查找提法，例如：三服务、参谋助手", filter_name="topic", filter_label="主题",
             filter_options=topics())
