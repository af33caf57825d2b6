from chisoxanh.cli import main

raise SystemExit(main())
