require_relative "models/order"
require_relative "models/customer"

customer = Shop::Models::Customer.new("Ada")
customer.place([{ price: 2.5, qty: 4 }, { price: 10.0, qty: 1 }])
puts("#{customer.name()} placed #{customer.order_count()} order(s)")

direct = Shop::Models::Order.new([{ price: 1.0, qty: 3 }])
puts(direct.summary(), direct.total())
