from . import urls_council
from .dashboard import urls as urls_dashboard

app_name = "reports"

# Dashboards and exports for policy staff; council reports for policy staff and council members.
urlpatterns = [*urls_dashboard.urlpatterns, *urls_council.urlpatterns]
