require_relative "shapes/circle"
require_relative "shapes/square"

circle = Circle.new(1.5)
square = Square.new(2)
puts(circle.report(), square.report())

big = Circle.new(3)
puts(big.describe(big.area()))
