"""Demo and large-scale data generators (deterministic: fixed random seed, Faker id_ID)."""
