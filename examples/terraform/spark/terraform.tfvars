tenant_id = "4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0"
