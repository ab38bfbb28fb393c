module Shop
  module Models
    class Order
      attr_reader :items

      def initialize(items)
        @items = items
      end

      def total()
        items().sum { |item| item[:price] * item[:qty] }
      end

      def summary()
        "#{items().size()} items, #{format("%.2f", total())}"
      end
    end
  end
end
