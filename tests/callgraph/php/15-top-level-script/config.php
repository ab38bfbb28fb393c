<?php

return [
    'currency' => 'EUR',
    'rate' => 1.1,
];
