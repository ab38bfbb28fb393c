require_relative "shape"

class Circle < Shape
  def initialize(radius)
    @label = "circle"
    @radius = radius
  end

  def area()
    rounded(3.14159 * @radius * @radius)
  end

  def report()
    describe(area())
  end
end
