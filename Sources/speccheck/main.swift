print("speccheck")
