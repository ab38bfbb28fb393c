require_relative "model"

class User < Model
  field(:name)
  field(:role, "member")
  validates(:name)

  def label()
    "#{name()} (#{role()})"
  end
end
