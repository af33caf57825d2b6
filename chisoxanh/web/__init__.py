"""The pages: views, forms, addresses and the per-user page cache.

This package sits on top of the domain apps, beside the API: a page may combine several apps
(the board shows its result report, the PGI profile the work behind each sub-index), so it
imports downward from any of them and nothing imports it.
"""
