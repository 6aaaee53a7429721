from django.http import Http404
from django.views.generic import ListView

from sections.models import Section


class SectionDetail(ListView):
    """A section page: its stories and those of its sub-sections, newest first."""

    template_name = "sections/section_detail.html"
    paginate_by = 20

    def get_queryset(self):
        from articles.models import Article

        tree = Section.objects.tree()
        self.section = tree.by_path.get(self.kwargs["path"].strip("/"))
        if self.section is None:
            raise Http404("No such section.")
        self.tree = tree
        return Article.objects.published().in_section(self.section).for_cards().newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            section=self.section,
            ancestors=self.tree.ancestors(self.section),
            subsections=self.tree.children_of(self.section),
            **kwargs,
        )
