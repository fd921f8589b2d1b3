from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "partybuilding.demo"
    label = "demo"
    verbose_name = "Demo data"
