print("edlae")
