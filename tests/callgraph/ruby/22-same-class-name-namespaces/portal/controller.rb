require_relative "user"

module Portal
  class Controller
    def show(name)
      user = User.new(name)
      "#{name} may #{user.permissions().join(" and ")}"
    end
  end
end
