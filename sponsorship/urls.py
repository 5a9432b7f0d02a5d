app_name = "sponsorship"

urlpatterns: list = []
