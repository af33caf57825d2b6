from django.contrib import admin

from .models import Province, Score, Subindex


@admin.register(Subindex)
class SubindexAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "long_name", "name_en"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["name", "official_code", "era", "kind", "successor"]
    list_filter = ["era", "kind"]
    search_fields = ["name", "name_en", "search_text"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["province", "year", "subindex", "score", "rank"]
    list_filter = ["year", "subindex"]
    search_fields = ["province__name", "province__name_en"]
