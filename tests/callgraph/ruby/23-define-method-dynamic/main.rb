require_relative "counters"

counters = Counters.new()
counters.add_apple(3)
counters.add_pear()
counters.bump("plum", 2)
puts(counters.apple_count(), counters.pear_count(), counters.total())
