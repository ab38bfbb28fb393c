# An Enumerable stock list whose methods share names with Array's.
class Inventory
  include Enumerable

  def initialize()
    @items = []
  end

  def add(name, qty)
    @items.push([name, qty])
    self
  end

  def each(&block)
    @items.each(&block)
  end

  def count()
    @items.sum { |_, qty| qty }
  end

  def first()
    @items.first()
  end
end
