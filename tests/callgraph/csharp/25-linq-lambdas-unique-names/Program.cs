using System;
using System.Collections.Generic;
using System.Linq;
using Shipping;

namespace Demo
{
    public static class Program
    {
        public static void Main()
        {
            var shipments = Load();
            var labels = shipments
                .Where(s => s.IsAwaitingCarrierPickup())
                .Select(s => s.DescribeShipmentLabel());
            Console.WriteLine(string.Join(", ", labels));
        }

        static List<Shipment> Load() =>
            new List<Shipment> { new Shipment("a1", false), new Shipment("b2", true), new Shipment("c3", false) };
    }
}
