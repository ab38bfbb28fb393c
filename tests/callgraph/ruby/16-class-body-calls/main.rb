require_relative "user"

user = User.new({ name: "Ada" })
puts(user.label(), user.valid?())
puts(User.fields().inspect())
