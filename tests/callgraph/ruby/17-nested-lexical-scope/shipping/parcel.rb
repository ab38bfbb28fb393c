module Shipping
  class LineItem
    def initialize(sku, grams)
      @sku = sku
      @grams = grams
    end

    def weight_kg()
      @grams / 1000.0
    end
  end

  class Parcel
    def initialize()
      @items = []
    end

    def add(sku, grams)
      @items.push(LineItem.new(sku, grams))
    end

    def weight()
      @items.map(&:weight_kg).sum()
    end
  end
end
