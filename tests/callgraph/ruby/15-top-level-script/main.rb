#!/usr/bin/env ruby
# Sums sales per region from a CSV file (or built-in sample rows).
require_relative "lib/report"

VERBOSE = ARGV.include?("-v")

def print_totals(by_region)
  by_region.each { |region, n| puts(format("%-6s %4d", region, n)) }
end

rows = load_rows(ARGV.fetch(0, "sales.csv"))
puts("#{rows.size()} rows") if VERBOSE
by_region = totals(rows)
print_totals(by_region)

if __FILE__ == $PROGRAM_NAME
  print_totals(totals(sample_rows()))
end
