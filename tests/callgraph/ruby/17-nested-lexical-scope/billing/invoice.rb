module Billing
  class LineItem
    def initialize(desc, cents)
      @desc = desc
      @cents = cents
    end

    def amount()
      @cents / 100.0
    end
  end

  class Invoice
    def initialize()
      @items = []
    end

    def add(desc, cents)
      @items.push(LineItem.new(desc, cents))
    end

    def total()
      @items.map(&:amount).sum()
    end
  end
end
