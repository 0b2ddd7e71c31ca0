"""The COPIL (steering committee) pack as a PDF.

- ``data``: the pack's one shared read (``read_pack``): the meeting, its scope
  (``CopilScope``) and ``PackData``, every figure the core sections show, in a constant
  number of queries, plus each registered section's own read, all in one snapshot;
- ``exceptions`` and ``exceptions_pack``: the exceptions pack of a scope larger than the
  PMO's threshold: which projects need the committee and why (five rules, five queries),
  their pages, and the listing of the others (Appendix E);
- ``rows``: the plain data classes the templates print (full texts: fitting them to the
  page is the templates' and the print CSS's job);
- ``sections``: reporting's own sections (cover, contents, executive summary, projects,
  appendices), each its read, its template and its page estimate, registered in
  ``pmo_portal.registry`` like the sections other apps contribute;
- ``estimate``: page estimates of the core sections, from the print CSS's sizes;
- ``document``: the parts of a pack, its contents, its HTML and page CSS;
- ``render``: ``render_pack``, documents rendered in parallel (``pmo_portal.pdf``), page
  numbers corrected in rounds, the PDFs merged with their outline and links.
"""
