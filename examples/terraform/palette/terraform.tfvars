tenant_id = "5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480"
