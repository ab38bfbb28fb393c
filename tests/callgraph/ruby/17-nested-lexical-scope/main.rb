require_relative "billing/invoice"
require_relative "shipping/parcel"

invoice = Billing::Invoice.new()
invoice.add("book", 1250)
parcel = Shipping::Parcel.new()
parcel.add("book", 480)
pen = Shipping::LineItem.new("pen", 15)
puts(invoice.total(), parcel.weight(), pen.weight_kg())
