require_relative "user"

module Admin
  class Controller
    def show(name)
      user = User.new(name)
      user.permissions().join(",")
    end
  end
end
