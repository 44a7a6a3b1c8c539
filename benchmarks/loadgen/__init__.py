"""What ``benchmarks/load.py`` is made of: a client for Streamlit's wire protocol
(:mod:`.protocol`), the servers it loads (:mod:`.servers`), one load run (:mod:`.run`) and its
report (:mod:`.report`)."""
