namespace Shipping
{
    public class Shipment
    {
        public Shipment(string id, bool dispatched)
        {
            Id = id;
            Dispatched = dispatched;
        }

        public string Id { get; }

        public bool Dispatched { get; }

        public bool IsAwaitingCarrierPickup() => !Dispatched;

        public string DescribeShipmentLabel() => $"SHIP-{Id}";
    }
}
