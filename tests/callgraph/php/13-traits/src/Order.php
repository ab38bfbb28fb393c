<?php

namespace App;

use App\Concerns\HasTimestamps;
use App\Concerns\Loggable;

class Order
{
    use Loggable;
    use HasTimestamps;

    public function ship(): void
    {
        $this->touch();
        $this->log('shipped');
    }
}
