# Per-fruit counters whose accessors are generated in the class body.
class Counters
  KINDS = %w[apple pear plum].freeze()

  KINDS.each do |kind|
    define_method("#{kind}_count") { @counts.fetch(kind, 0) }
    define_method("add_#{kind}") { |n = 1| bump(kind, n) }
  end

  def initialize()
    @counts = Hash.new(0)
  end

  def bump(kind, n)
    @counts[kind] += n
  end

  def total()
    @counts.values().sum()
  end
end
