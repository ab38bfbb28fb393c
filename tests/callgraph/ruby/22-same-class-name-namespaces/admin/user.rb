module Admin
  class User
    def initialize(name)
      @name = name
    end

    def permissions()
      ["read", "write", "delete"]
    end

    def to_s()
      "admin:#{@name}"
    end
  end
end
