module Shop
  module Models
    class Customer
      attr_reader :name

      def initialize(name)
        @name = name
        @orders = []
      end

      def place(items)
        order = Order.new(items)
        @orders.push(order)
        order
      end

      def order_count()
        @orders.size()
      end
    end
  end
end
