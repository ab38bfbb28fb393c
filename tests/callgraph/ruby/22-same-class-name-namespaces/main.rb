require_relative "admin/controller"
require_relative "portal/controller"

admin = Admin::Controller.new()
portal = Portal::Controller.new()
puts(admin.show("ada"), portal.show("bob"))
puts(Admin::User.new("root").to_s())
