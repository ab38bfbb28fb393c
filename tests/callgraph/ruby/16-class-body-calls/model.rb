# A tiny declarative model: subclasses declare fields in their class body.
class Model
  def self.fields()
    @fields ||= []
  end

  def self.field(name, default = nil)
    fields().push(name)
    define_method(name) { @attrs.fetch(name, default) }
  end

  def self.validations()
    @validations ||= []
  end

  def self.validates(name)
    validations().push(name)
  end

  def initialize(attrs = {})
    @attrs = attrs
  end

  def valid?()
    self.class().validations().all? { |f| !@attrs[f].nil?() }
  end
end
