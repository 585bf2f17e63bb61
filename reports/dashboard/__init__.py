"""The dashboard of policy staff and coordinators: its views, filter form, exports (CSV, XLSX)
and server-side SVG charts. The figures come from `reports.selectors`; the council letter
draws its bar charts with `charts` too.

Modules: `views` (the dashboard page and its export), `forms` (the filter of a selection),
`exports` (tables as CSV and XLSX, cells protected), `charts` (SVG geometry as numbers),
`urls` (the dashboard's routes, in the `reports` namespace).
"""
