from django.http import Http404
from django.views.generic import ListView

from articles.selectors import cards
from sections.models import Section


class SectionDetail(ListView):
    """A section page: its stories and those of its sub-sections, newest first."""

    template_name = "sections/section_detail.html"
    paginate_by = 20

    def get_queryset(self):
        tree = Section.objects.tree()
        self.section = tree.by_path.get(self.kwargs["path"].strip("/"))
        if self.section is None:
            raise Http404("No such section.")
        self.subsections = tree.children_of(self.section)
        return cards().in_section(self.section).newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section=self.section, subsections=self.subsections, **kwargs
        )
