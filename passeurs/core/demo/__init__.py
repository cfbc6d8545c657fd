"""Demo content for `passeurs demo`: plain data (`data`) and an idempotent loader (`load`)."""
