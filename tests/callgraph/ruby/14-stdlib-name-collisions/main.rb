require_relative "inventory"

def count(words)
  words.map { |w| w.length() }.sum()
end

def stock_report()
  inv = Inventory.new()
  inv.add("apples", 3)
  inv.add("pears", 5)
  inv.each { |name, qty| puts("#{name}: #{qty}") }
  puts(inv.count(), inv.first().inspect())
end

def word_report(words)
  words.each { |w| puts(w) }
  puts(words.first(), count(words))
end

stock_report()
word_report(%w[kiwi fig])
