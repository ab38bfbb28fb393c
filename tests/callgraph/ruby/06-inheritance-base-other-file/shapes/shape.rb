# Base class: every shape has a label and prints its area rounded.
class Shape
  attr_reader :label

  def initialize(label)
    @label = label
  end

  def rounded(value)
    (value * 100).round() / 100.0
  end

  def describe(area)
    "#{label()}: #{rounded(area)}"
  end
end
