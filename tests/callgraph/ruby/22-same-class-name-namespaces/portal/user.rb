module Portal
  class User
    def initialize(name)
      @name = name
    end

    def permissions()
      ["read"]
    end
  end
end
