require_relative "loggable"

class SyncJob
  include Loggable

  def initialize(source)
    @source = source
  end

  def run()
    log("starting sync of #{@source}")
    records = fetch()
    self.log("fetched #{records.size()} records")
    records
  end

  def fetch()
    [@source, @source.upcase()]
  end
end
