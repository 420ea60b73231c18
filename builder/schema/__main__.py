from builder.schema import write_shipped

print(f"wrote {write_shipped()}")
