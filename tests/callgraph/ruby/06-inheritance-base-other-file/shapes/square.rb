require_relative "shape"

class Square < Shape
  def initialize(side)
    @label = "square"
    @side = side
  end

  def area()
    self.rounded(@side * @side)
  end

  def report()
    self.describe(self.area())
  end
end
