import time

from django.core.management.base import BaseCommand

from chisoxanh.demo.synth import SynthSize, synthesize

PRESETS = {
    "S": SynthSize(provinces=1, agencies_per_province=1, units_per_agency=8, tasks_per_plan=10, years=1),
    "M": SynthSize(provinces=1, agencies_per_province=120, units_per_agency=8, tasks_per_plan=10, years=2),
    "L": SynthSize(provinces=34, agencies_per_province=120, units_per_agency=8, tasks_per_plan=10, years=10),
}


class Command(BaseCommand):
    help = "Tạo dữ liệu tổng hợp (xác định theo seed) để đo tốc độ: tỉnh, sở, đơn vị, kế hoạch, báo cáo."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(PRESETS), help="cỡ có sẵn: S, M, L")
        parser.add_argument("--provinces", type=int)
        parser.add_argument("--agencies-per-province", type=int)
        parser.add_argument("--units-per-agency", type=int)
        parser.add_argument("--tasks-per-plan", type=int)
        parser.add_argument("--years", type=int)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **options):
        size = PRESETS[options["size"]] if options["size"] else SynthSize()
        for field in ("provinces", "agencies_per_province", "units_per_agency", "tasks_per_plan", "years"):
            if options[field]:
                setattr(size, field, options[field])
        size.seed = options["seed"]
        start = time.perf_counter()
        r = synthesize(size)
        self.stdout.write(
            f"Đã tạo {r.organizations} cơ quan, đơn vị; {r.plans} kế hoạch; {r.tasks} nhiệm vụ; "
            f"{r.reports} báo cáo; {r.activities} hoạt động; {r.evidence} minh chứng; "
            f"{r.result_reports} báo cáo kết quả trong {time.perf_counter() - start:.1f} giây."
        )
