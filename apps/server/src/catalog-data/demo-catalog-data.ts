/**
 * Vocabulary for the demo catalog. Kept apart from the generator so the tables can grow without
 * touching the logic. Prices are in minor units (cents) so the generator never touches floats.
 */

/** One spec dimension of a SKU, e.g. Color or Size; values are what the shopper picks between. */
export interface SpecAxis {
  readonly name: string;
  readonly values: readonly string[];
}

export interface ItemTemplate {
  /** The noun phrase at the heart of the title, e.g. "Silicone Spatula Set". */
  readonly name: string;
  /** Price band of the cheapest SKU, in cents. */
  readonly price: readonly [min: number, max: number];
  /** Up to two axes; SKUs are drawn from their cross product. */
  readonly axes: readonly SpecAxis[];
  /** Selling points; one or two end up in the title, the rest in the description. */
  readonly features: readonly string[];
  readonly material: string;
  /** Who or what it is for, used in title tails and descriptions. */
  readonly use: string;
}

export interface CategoryTemplate {
  readonly name: string;
  /** Short code used in stable ids: demo-<code>-<nnn>. */
  readonly code: string;
  readonly items: readonly ItemTemplate[];
}

const axis = (name: string, ...values: string[]): SpecAxis => ({ name, values });

const color = (...values: string[]) => axis('Color', ...values);
const apparelSize = axis('Size', 'S', 'M', 'L', 'XL', 'XXL');
const kidsAge = axis('Age', '3-4Y', '5-6Y', '7-8Y', '9-10Y');
const pack = (...values: string[]) => axis('Pack', ...values);
const petSize = axis('Size', 'S', 'M', 'L', 'XL');
const phoneModel = axis('Model', 'iPhone 15', 'iPhone 15 Pro', 'iPhone 14', 'Galaxy S24', 'Pixel 8');

const neutral = ['Black', 'White', 'Grey', 'Beige', 'Navy Blue'];
const bright = ['Red', 'Pink', 'Sky Blue', 'Mint Green', 'Yellow', 'Purple'];

// One item per line reads as a table; prettier would triple the file to one field per line.
// prettier-ignore
export const CATEGORIES: readonly CategoryTemplate[] = [
  {
    name: 'Home & Kitchen',
    code: 'hk',
    items: [
      { name: 'Silicone Spatula Set', price: [399, 1299], axes: [color(...neutral, 'Red'), pack('3 pcs', '5 pcs')], features: ['Heat Resistant to 446°F', 'Non-Stick Safe', 'Seamless One-Piece Design'], material: 'food-grade silicone', use: 'Cooking and Baking' },
      { name: 'Vegetable Chopper', price: [899, 2499], axes: [color('Green', 'Grey', 'White')], features: ['8 Interchangeable Blades', 'Built-In Container', 'Dishwasher Safe'], material: 'BPA-free ABS and stainless steel', use: 'Meal Prep' },
      { name: 'Airtight Food Storage Containers', price: [1299, 3499], axes: [pack('6 pcs', '12 pcs', '24 pcs')], features: ['Leak-Proof Lids', 'Stackable', 'Microwave and Freezer Safe'], material: 'BPA-free plastic', use: 'Pantry Organization' },
      { name: 'Stainless Steel Vegetable Peeler', price: [199, 699], axes: [pack('1 pc', '2 pcs', '3 pcs')], features: ['Swivel Blade', 'Ergonomic Non-Slip Handle', 'Rust Resistant'], material: 'stainless steel', use: 'Fruits and Potatoes' },
      { name: 'Microfiber Cleaning Cloths', price: [499, 1499], axes: [pack('12 pcs', '24 pcs', '50 pcs')], features: ['Lint-Free', 'Highly Absorbent', 'Reusable and Washable'], material: 'microfiber', use: 'Kitchen, Car and Glass' },
      { name: 'LED Motion Sensor Night Light', price: [599, 1899], axes: [color('Warm White', 'Cool White'), pack('2 pcs', '4 pcs')], features: ['USB Rechargeable', 'Stick-On Magnetic Mount', 'Auto On/Off'], material: 'ABS housing', use: 'Closet, Stairs and Hallway' },
      { name: 'Velvet Throw Pillow Covers', price: [699, 1999], axes: [color('Emerald', 'Mustard', 'Blush Pink', 'Grey'), axis('Size', '18x18 in', '20x20 in')], features: ['Hidden Zipper', 'Soft Plush Texture', 'Set of 2'], material: 'velvet', use: 'Sofa and Bedroom' },
      { name: 'Over-the-Door Shoe Organizer', price: [899, 2299], axes: [color('Grey', 'Beige', 'Black')], features: ['24 Breathable Pockets', 'Sturdy Metal Hooks', 'Space Saving'], material: 'non-woven fabric', use: 'Closet and Entryway' },
      { name: 'Glass Oil Sprayer Bottle', price: [499, 1299], axes: [axis('Capacity', '100 ml', '200 ml')], features: ['Fine Mist Nozzle', 'Portion Control', 'Refillable'], material: 'borosilicate glass', use: 'Air Fryer and Salads' },
      { name: 'Bamboo Cutting Board Set', price: [1499, 3299], axes: [pack('3 pcs', '4 pcs')], features: ['Juice Groove', 'Knife Friendly Surface', 'Easy-Grip Handles'], material: 'organic bamboo', use: 'Meat, Cheese and Vegetables' },
    ],
  },
  {
    name: 'Electronics Accessories',
    code: 'el',
    items: [
      { name: 'USB-C Fast Charging Cable', price: [299, 999], axes: [axis('Length', '1 m', '2 m', '3 m'), color('Black', 'White')], features: ['60W PD Fast Charge', 'Braided Nylon', '10,000+ Bend Lifespan'], material: 'braided nylon', use: 'Phones, Tablets and Laptops' },
      { name: 'Clear Shockproof Phone Case', price: [299, 1199], axes: [phoneModel], features: ['Anti-Yellowing', 'Raised Camera Lip', 'Wireless Charging Compatible'], material: 'TPU and polycarbonate', use: 'Everyday Protection' },
      { name: 'Tempered Glass Screen Protector', price: [199, 799], axes: [phoneModel], features: ['9H Hardness', 'Bubble-Free Install Frame', 'Case Friendly'], material: 'tempered glass', use: 'Scratch Protection' },
      { name: 'Wireless Earbuds', price: [999, 2999], axes: [color('Black', 'White', 'Pink')], features: ['Bluetooth 5.3', 'Touch Control', '30H Playtime with Case'], material: 'ABS shell', use: 'Workout and Commute' },
      { name: 'Magnetic Car Phone Mount', price: [499, 1599], axes: [axis('Mount', 'Dashboard', 'Air Vent')], features: ['Strong N52 Magnets', '360° Rotation', 'One-Hand Operation'], material: 'aluminum alloy', use: 'Hands-Free Driving' },
      { name: '20W Dual Port Wall Charger', price: [599, 1499], axes: [color('White', 'Black'), pack('1 pc', '2 pcs')], features: ['USB-C + USB-A', 'Foldable Plug', 'Over-Heat Protection'], material: 'fire-retardant PC', use: 'Travel and Home' },
      { name: 'Adjustable Laptop Stand', price: [1299, 2999], axes: [color('Silver', 'Space Grey')], features: ['6 Height Levels', 'Foldable and Portable', 'Ventilated Design'], material: 'aluminum alloy', use: 'Desk Ergonomics' },
      { name: 'Portable Power Bank 10000mAh', price: [1199, 2699], axes: [color('Black', 'White', 'Blue')], features: ['LED Battery Display', 'Slim Pocket Size', '22.5W Fast Charge'], material: 'ABS and lithium polymer cells', use: 'Travel and Camping' },
      { name: 'Bluetooth Tracker Tag', price: [699, 1899], axes: [pack('1 pc', '2 pcs', '4 pcs')], features: ['Loud Alarm', 'Replaceable Battery', 'Works with Phone App'], material: 'ABS', use: 'Keys, Wallets and Luggage' },
      { name: 'Cable Organizer Clips', price: [199, 699], axes: [color('Black', 'White', 'Grey'), pack('10 pcs', '20 pcs')], features: ['Self-Adhesive Back', 'Holds 1-5 Cables', 'Tidy Desk Setup'], material: 'silicone', use: 'Desk and Nightstand' },
    ],
  },
  {
    name: "Women's Clothing",
    code: 'wc',
    items: [
      { name: 'Floral Print Wrap Midi Dress', price: [1299, 2999], axes: [color('Blue Floral', 'Red Floral', 'Black Floral'), apparelSize], features: ['V-Neck', 'Tie Waist', 'Short Sleeve'], material: 'polyester blend', use: 'Summer and Vacation' },
      { name: 'High Waist Yoga Leggings', price: [799, 1999], axes: [color('Black', 'Navy Blue', 'Olive', 'Burgundy'), apparelSize], features: ['Tummy Control', 'Squat-Proof', 'Side Pockets'], material: 'nylon spandex', use: 'Gym and Everyday Wear' },
      { name: 'Oversized Cable Knit Sweater', price: [1599, 3499], axes: [color('Cream', 'Camel', 'Grey'), apparelSize], features: ['Drop Shoulder', 'Crew Neck', 'Chunky Knit'], material: 'acrylic knit', use: 'Fall and Winter' },
      { name: 'Casual Button Down Linen Shirt', price: [999, 2499], axes: [color('White', 'Sage', 'Sand'), apparelSize], features: ['Roll-Up Sleeves', 'Relaxed Fit', 'Breathable'], material: 'cotton linen', use: 'Office and Weekend' },
      { name: 'Pleated Wide Leg Trousers', price: [1299, 2799], axes: [color('Black', 'Khaki', 'Brown'), apparelSize], features: ['Elastic Waist', 'Flowy Drape', 'Two Pockets'], material: 'polyester', use: 'Work and Casual' },
      { name: 'Ribbed Tank Top', price: [399, 1199], axes: [color(...neutral), apparelSize], features: ['Slim Fit', 'Scoop Neck', 'Stretchy'], material: 'cotton blend', use: 'Layering' },
      { name: 'Quilted Puffer Vest', price: [1999, 3999], axes: [color('Black', 'Olive', 'Cream'), apparelSize], features: ['Stand Collar', 'Zip Pockets', 'Lightweight Warmth'], material: 'nylon shell with polyester fill', use: 'Outdoor Layering' },
      { name: 'Satin Pajama Set', price: [1499, 2999], axes: [color('Champagne', 'Black', 'Dusty Rose'), apparelSize], features: ['Long Sleeve', 'Button Front', 'Silky Smooth'], material: 'satin', use: 'Sleep and Lounge' },
    ],
  },
  {
    name: "Men's Clothing",
    code: 'mc',
    items: [
      { name: 'Crew Neck Cotton T-Shirt', price: [499, 1299], axes: [color(...neutral, 'Olive'), apparelSize], features: ['Classic Fit', 'Pre-Shrunk', 'Tag-Free Collar'], material: '100% cotton', use: 'Everyday Wear' },
      { name: 'Slim Fit Stretch Chino Pants', price: [1499, 2999], axes: [color('Khaki', 'Navy Blue', 'Black', 'Grey'), axis('Waist', '30', '32', '34', '36')], features: ['Flat Front', 'Wrinkle Resistant', '4-Way Stretch'], material: 'cotton spandex twill', use: 'Office and Casual' },
      { name: 'Quarter Zip Pullover', price: [1699, 3299], axes: [color('Charcoal', 'Navy Blue', 'Burgundy'), apparelSize], features: ['Brushed Fleece Lining', 'Stand Collar', 'Ribbed Cuffs'], material: 'polyester fleece', use: 'Golf and Outdoor' },
      { name: 'Quick Dry Athletic Shorts', price: [699, 1799], axes: [color('Black', 'Grey', 'Navy Blue', 'Red'), apparelSize], features: ['Zip Pockets', 'Elastic Drawstring Waist', 'Moisture Wicking'], material: 'polyester mesh', use: 'Running and Gym' },
      { name: 'Flannel Plaid Shirt', price: [1299, 2599], axes: [color('Red Plaid', 'Blue Plaid', 'Green Plaid'), apparelSize], features: ['Button Down Collar', 'Chest Pocket', 'Soft Brushed'], material: 'cotton flannel', use: 'Fall Layering' },
      { name: 'Hooded Windbreaker Jacket', price: [1999, 3999], axes: [color('Black', 'Army Green', 'Navy Blue'), apparelSize], features: ['Water Resistant', 'Packable Hood', 'Zip Pockets'], material: 'nylon taffeta', use: 'Hiking and Travel' },
      { name: 'Breathable Ankle Socks', price: [599, 1499], axes: [color('Black', 'White', 'Mixed'), pack('6 pairs', '12 pairs')], features: ['Cushioned Sole', 'Arch Support', 'No-Show Design'], material: 'combed cotton', use: 'Sports and Daily Wear' },
      { name: 'Classic Polo Shirt', price: [999, 2199], axes: [color('White', 'Navy Blue', 'Forest Green', 'Black'), apparelSize], features: ['Pique Knit', 'Two-Button Placket', 'Ribbed Collar'], material: 'cotton pique', use: 'Golf and Smart Casual' },
    ],
  },
  {
    name: 'Beauty',
    code: 'bt',
    items: [
      { name: 'Makeup Brush Set', price: [699, 1999], axes: [color('Rose Gold', 'Black', 'Champagne'), pack('10 pcs', '14 pcs')], features: ['Dense Synthetic Bristles', 'Cruelty-Free', 'Travel Pouch Included'], material: 'synthetic fiber and wood', use: 'Foundation, Powder and Eyeshadow' },
      { name: 'Velvet Matte Lipstick', price: [299, 999], axes: [axis('Shade', 'Nude Rose', 'Brick Red', 'Berry', 'Mauve', 'Coral', 'Classic Red')], features: ['Long Lasting', 'Non-Drying Formula', 'Highly Pigmented'], material: 'vitamin E enriched formula', use: 'Everyday and Evening Looks' },
      { name: 'Hyaluronic Acid Face Serum', price: [599, 1899], axes: [axis('Volume', '30 ml', '50 ml')], features: ['Deep Hydration', 'Lightweight Texture', 'Fragrance Free'], material: 'hyaluronic acid and vitamin B5', use: 'All Skin Types' },
      { name: 'Heatless Hair Curler Headband', price: [399, 1199], axes: [color('Pink', 'Purple', 'Black', 'Champagne')], features: ['Overnight Curls', 'No Heat Damage', 'Includes Scrunchies'], material: 'silk-like satin and sponge', use: 'Long and Medium Hair' },
      { name: 'Reusable Jade Face Roller', price: [499, 1499], axes: [axis('Stone', 'Jade', 'Rose Quartz')], features: ['Dual Ended', 'De-Puffing', 'Cooling Massage'], material: 'natural stone', use: 'Facial Massage' },
      { name: 'Nail Art Gel Polish Kit', price: [1299, 2999], axes: [pack('6 colors', '12 colors', '24 colors')], features: ['Soak-Off Formula', 'Glossy Finish', 'Salon Results at Home'], material: 'gel polish', use: 'DIY Manicure' },
      { name: 'Scented Body Lotion', price: [499, 1499], axes: [axis('Scent', 'Vanilla', 'Coconut', 'Lavender', 'Cherry Blossom'), axis('Volume', '250 ml', '500 ml')], features: ['Shea Butter', '24H Moisture', 'Non-Greasy'], material: 'shea butter and aloe', use: 'Dry Skin' },
      { name: 'Satin Hair Scrunchies', price: [299, 899], axes: [color('Pastel Mix', 'Neutral Mix', 'Jewel Tones'), pack('10 pcs', '20 pcs')], features: ['No Creases', 'Gentle on Hair', 'Strong Elastic'], material: 'satin', use: 'Ponytails and Buns' },
    ],
  },
  {
    name: 'Toys',
    code: 'ty',
    items: [
      { name: 'Magnetic Building Tiles', price: [1999, 3999], axes: [pack('60 pcs', '100 pcs')], features: ['STEM Learning', 'Strong Magnets', 'Rounded Safe Edges'], material: 'food-grade ABS', use: 'Kids 3+' },
      { name: 'Fidget Pop Bubble Toy', price: [199, 599], axes: [color(...bright), pack('1 pc', '3 pcs')], features: ['Stress Relief', 'Washable', 'Quiet Play'], material: 'silicone', use: 'Classroom and Travel' },
      { name: 'Remote Control Stunt Car', price: [1499, 3299], axes: [color('Red', 'Blue', 'Green')], features: ['360° Flips', 'Rechargeable Battery', 'All-Terrain Wheels'], material: 'ABS plastic', use: 'Kids 6+' },
      { name: 'Wooden Shape Sorting Puzzle', price: [699, 1599], axes: [axis('Theme', 'Animals', 'Vehicles', 'Shapes')], features: ['Montessori Style', 'Chunky Pieces', 'Non-Toxic Paint'], material: 'natural wood', use: 'Toddlers 1-3' },
      { name: 'Plush Dinosaur Stuffed Animal', price: [799, 1999], axes: [color('Green', 'Blue', 'Purple'), axis('Size', '12 in', '20 in')], features: ['Super Soft', 'Huggable', 'Machine Washable'], material: 'plush polyester', use: 'Bedtime Buddy' },
      { name: 'Bubble Machine', price: [999, 2299], axes: [color('Pink', 'Blue')], features: ['1000+ Bubbles per Minute', 'Two Speeds', 'Bubble Solution Included'], material: 'ABS', use: 'Parties and Backyard Play' },
      { name: 'Kids Art Supplies Set', price: [1299, 2999], axes: [pack('86 pcs', '150 pcs')], features: ['Crayons, Markers and Pencils', 'Portable Carry Case', 'Non-Toxic'], material: 'assorted', use: 'Drawing and Coloring' },
      { name: 'Dress-Up Costume Set', price: [1299, 2499], axes: [axis('Theme', 'Princess', 'Firefighter', 'Astronaut'), kidsAge], features: ['Accessories Included', 'Comfortable Fit', 'Easy On/Off'], material: 'polyester', use: 'Pretend Play' },
    ],
  },
  {
    name: 'Sports & Outdoors',
    code: 'so',
    items: [
      { name: 'Non-Slip Yoga Mat', price: [1299, 2999], axes: [color('Purple', 'Teal', 'Black', 'Pink'), axis('Thickness', '6 mm', '10 mm')], features: ['Alignment Lines', 'Carry Strap', 'Sweat Resistant'], material: 'TPE', use: 'Yoga, Pilates and Floor Workouts' },
      { name: 'Resistance Bands Set', price: [799, 1999], axes: [pack('5 pcs', '11 pcs')], features: ['Door Anchor', 'Foam Handles', 'Stackable Up to 150 lbs'], material: 'natural latex', use: 'Home Gym' },
      { name: 'Insulated Stainless Steel Water Bottle', price: [999, 2499], axes: [color('Black', 'Sage', 'Sky Blue', 'Lilac'), axis('Capacity', '20 oz', '32 oz', '40 oz')], features: ['Keeps Cold 24H', 'Leak-Proof Lid', 'BPA Free'], material: '18/8 stainless steel', use: 'Gym, Hiking and Office' },
      { name: 'Adjustable Jump Rope', price: [399, 1199], axes: [color('Black', 'Red', 'Blue')], features: ['Tangle-Free', 'Ball Bearings', 'Memory Foam Handles'], material: 'PVC coated steel cable', use: 'Cardio and Boxing' },
      { name: 'Camping Lantern', price: [999, 2499], axes: [pack('1 pc', '2 pcs', '4 pcs')], features: ['Collapsible', '3 Light Modes', 'Water Resistant'], material: 'ABS', use: 'Camping and Power Outages' },
      { name: 'Quick Dry Microfiber Towel', price: [599, 1499], axes: [color('Blue', 'Grey', 'Orange'), axis('Size', 'M', 'L', 'XL')], features: ['Compact', 'Ultra Absorbent', 'Mesh Bag Included'], material: 'microfiber', use: 'Beach, Gym and Travel' },
      { name: 'Cycling Gloves', price: [699, 1599], axes: [color('Black', 'Red'), axis('Size', 'M', 'L', 'XL')], features: ['Half Finger', 'Gel Padding', 'Breathable Mesh'], material: 'lycra and microfiber', use: 'Road and Mountain Biking' },
      { name: 'Hiking Daypack 20L', price: [1499, 3499], axes: [color('Black', 'Navy Blue', 'Olive')], features: ['Water Resistant', 'Hydration Sleeve', 'Padded Straps'], material: 'ripstop nylon', use: 'Hiking and Travel' },
    ],
  },
  {
    name: 'Pet Supplies',
    code: 'pt',
    items: [
      { name: 'Adjustable Dog Harness', price: [899, 2199], axes: [color('Black', 'Red', 'Blue', 'Pink'), petSize], features: ['No-Pull Front Clip', 'Reflective Strips', 'Padded Chest'], material: 'oxford nylon', use: 'Daily Walks' },
      { name: 'Interactive Cat Feather Toy', price: [299, 899], axes: [pack('1 pc', '5 pcs')], features: ['Retractable Wand', 'Refill Feathers', 'Bell Attachment'], material: 'natural feathers', use: 'Indoor Cats' },
      { name: 'Calming Donut Pet Bed', price: [1299, 3299], axes: [color('Grey', 'Beige', 'Pink'), petSize], features: ['Raised Rim', 'Non-Slip Bottom', 'Machine Washable'], material: 'faux fur', use: 'Cats and Small Dogs' },
      { name: 'Slow Feeder Dog Bowl', price: [499, 1299], axes: [color('Blue', 'Green', 'Grey')], features: ['Anti-Choke Maze', 'Non-Slip Base', 'Dishwasher Safe'], material: 'BPA-free plastic', use: 'Fast Eaters' },
      { name: 'Dog Poop Bags with Dispenser', price: [399, 1199], axes: [pack('16 rolls', '32 rolls', '64 rolls')], features: ['Leak-Proof', 'Extra Thick', 'Lavender Scented'], material: 'plant-based film', use: 'Walks and Travel' },
      { name: 'Pet Grooming Deshedding Brush', price: [599, 1499], axes: [axis('Type', 'Short Hair', 'Long Hair')], features: ['Self-Cleaning Button', 'Reduces Shedding 90%', 'Gentle on Skin'], material: 'stainless steel pins', use: 'Dogs and Cats' },
      { name: 'Cat Scratching Post', price: [1299, 2999], axes: [color('Beige', 'Grey'), axis('Height', '20 in', '32 in')], features: ['Natural Sisal Rope', 'Stable Base', 'Hanging Ball Toy'], material: 'sisal and plush', use: 'Healthy Claws' },
      { name: 'Dog Chew Toys Set', price: [799, 1899], axes: [pack('6 pcs', '12 pcs')], features: ['Tough for Aggressive Chewers', 'Teeth Cleaning', 'Non-Toxic'], material: 'natural rubber and cotton rope', use: 'Puppies and Adult Dogs' },
    ],
  },
  {
    name: 'Office',
    code: 'of',
    items: [
      { name: 'Gel Ink Pens', price: [499, 1299], axes: [color('Black', 'Blue', 'Assorted'), pack('12 pcs', '24 pcs')], features: ['0.5 mm Fine Point', 'Quick Dry', 'Smooth Writing'], material: 'gel ink', use: 'School and Office' },
      { name: 'A5 Dotted Bullet Journal', price: [599, 1499], axes: [color('Black', 'Sage', 'Blush', 'Navy Blue')], features: ['160 Pages', '120 GSM Paper', 'Elastic Closure'], material: 'PU leather cover', use: 'Planning and Journaling' },
      { name: 'Desk Organizer with Drawer', price: [999, 2499], axes: [color('Black', 'White', 'Wood')], features: ['5 Compartments', 'Sliding Drawer', 'Sturdy Build'], material: 'mesh metal', use: 'Home Office' },
      { name: 'Sticky Notes Set', price: [299, 999], axes: [axis('Style', 'Pastel', 'Neon', 'Kraft'), pack('6 pads', '12 pads')], features: ['Strong Adhesive', 'Repositionable', '3x3 in'], material: 'paper', use: 'Reminders and Study' },
      { name: 'Ergonomic Memory Foam Mouse Pad', price: [699, 1599], axes: [color('Black', 'Grey', 'Pink')], features: ['Wrist Rest', 'Non-Slip Base', 'Smooth Tracking'], material: 'memory foam and lycra', use: 'Computer Work' },
      { name: 'Expandable File Folder', price: [799, 1899], axes: [color('Black', 'Blue'), axis('Pockets', '13 pockets', '26 pockets')], features: ['Letter Size', 'Label Tabs', 'Snap Closure'], material: 'polypropylene', use: 'Documents and Receipts' },
      { name: 'Highlighters Pastel Colors', price: [399, 999], axes: [pack('6 pcs', '12 pcs')], features: ['Chisel Tip', 'No Bleed', 'Soft Hues'], material: 'water-based ink', use: 'Study Notes' },
      { name: 'Heavy Duty Stapler', price: [899, 1999], axes: [color('Black', 'Silver')], features: ['50 Sheet Capacity', 'Jam-Free', '1000 Staples Included'], material: 'metal', use: 'Office and Classroom' },
    ],
  },
  {
    name: 'Jewelry',
    code: 'jw',
    items: [
      { name: 'Layered Pendant Necklace', price: [399, 1499], axes: [color('Gold', 'Silver', 'Rose Gold')], features: ['Adjustable Chain', 'Hypoallergenic', 'Tarnish Resistant'], material: '18K gold-plated stainless steel', use: 'Everyday and Gifts' },
      { name: 'Huggie Hoop Earrings', price: [299, 1199], axes: [color('Gold', 'Silver'), pack('3 pairs', '6 pairs')], features: ['Lightweight', 'Nickel Free', 'Secure Click Closure'], material: 'sterling silver posts', use: 'Sensitive Ears' },
      { name: 'Stackable Rings Set', price: [399, 1299], axes: [color('Gold', 'Silver'), axis('Size', '6', '7', '8', '9')], features: ['Minimalist', 'Comfort Fit', 'Set of 5'], material: 'alloy', use: 'Stacking and Gifts' },
      { name: 'Freshwater Pearl Bracelet', price: [899, 2499], axes: [axis('Length', '6.5 in', '7 in', '7.5 in')], features: ['Genuine Pearls', 'Elastic Fit', 'Gift Box Included'], material: 'freshwater pearls', use: 'Weddings and Parties' },
      { name: 'Birthstone Charm Anklet', price: [299, 999], axes: [axis('Month', 'January', 'April', 'July', 'October')], features: ['Adjustable', 'Waterproof', 'Dainty Design'], material: 'stainless steel with cubic zirconia', use: 'Beach and Summer' },
      { name: 'Men\'s Cuban Link Chain', price: [999, 2999], axes: [color('Gold', 'Silver', 'Black'), axis('Length', '20 in', '24 in')], features: ['Heavy Links', 'Lobster Clasp', 'Waterproof'], material: 'stainless steel', use: 'Streetwear' },
      { name: 'Pearl Hair Clips', price: [299, 899], axes: [pack('6 pcs', '10 pcs')], features: ['Strong Hold', 'Elegant Faux Pearls', 'Non-Slip'], material: 'alloy and faux pearls', use: 'Weddings and Daily Styling' },
    ],
  },
  {
    name: 'Automotive',
    code: 'au',
    items: [
      { name: 'Car Seat Gap Filler', price: [599, 1499], axes: [color('Black', 'Beige'), pack('1 pc', '2 pcs')], features: ['Stops Drops', 'Universal Fit', 'Easy to Clean'], material: 'PU leather', use: 'Front Seats' },
      { name: 'Tire Pressure Gauge', price: [499, 1299], axes: [axis('Type', 'Dial', 'Digital')], features: ['0-60 PSI', 'Backlit Display', 'Bleed Valve'], material: 'zinc alloy', use: 'Cars and Motorcycles' },
      { name: 'Microfiber Car Wash Mitt', price: [399, 999], axes: [pack('2 pcs', '4 pcs')], features: ['Scratch Free', 'Lint Free', 'Wrist Cuff'], material: 'chenille microfiber', use: 'Washing and Detailing' },
      { name: 'Backseat Organizer with Tablet Holder', price: [999, 2299], axes: [color('Black', 'Grey'), pack('1 pc', '2 pcs')], features: ['9 Storage Pockets', 'Kick Mat Protection', 'Touch Screen Window'], material: '600D oxford', use: 'Family Road Trips' },
      { name: 'Car Vent Air Freshener', price: [299, 899], axes: [axis('Scent', 'New Car', 'Ocean', 'Vanilla', 'Black Ice')], features: ['Long Lasting', 'Adjustable Intensity', 'Clip-On'], material: 'aluminum and essential oils', use: 'Odor Control' },
      { name: 'Emergency Roadside Kit', price: [1999, 3999], axes: [axis('Kit', 'Basic', 'Premium')], features: ['Jumper Cables', 'Reflective Triangle', 'First Aid Supplies'], material: 'assorted', use: 'Car Emergencies' },
      { name: 'Dash Cam 1080P', price: [1999, 3999], axes: [axis('Storage', 'No Card', '32GB Card')], features: ['Wide Angle Lens', 'Loop Recording', 'Night Vision'], material: 'ABS', use: 'Driving Safety' },
    ],
  },
  {
    name: 'Garden',
    code: 'gd',
    items: [
      { name: 'Solar Pathway Lights', price: [1299, 3499], axes: [color('Warm White', 'Multicolor'), pack('6 pcs', '12 pcs')], features: ['Auto On at Dusk', 'IP65 Waterproof', 'No Wiring Needed'], material: 'stainless steel and ABS', use: 'Walkways and Lawns' },
      { name: 'Gardening Gloves with Claws', price: [399, 999], axes: [color('Green', 'Pink', 'Grey'), pack('1 pair', '2 pairs')], features: ['Puncture Resistant', 'Breathable', 'Built-In Claws for Digging'], material: 'latex coated fabric', use: 'Weeding and Planting' },
      { name: 'Self-Watering Plant Pots', price: [999, 2499], axes: [color('White', 'Grey', 'Terracotta'), pack('3 pcs', '5 pcs')], features: ['Water Level Window', 'Drainage Tray', 'Modern Design'], material: 'recycled plastic', use: 'Indoor Plants and Herbs' },
      { name: 'Expandable Garden Hose', price: [1499, 3499], axes: [axis('Length', '50 ft', '75 ft', '100 ft')], features: ['10-Function Spray Nozzle', 'Kink Free', 'Lightweight'], material: 'triple latex core', use: 'Lawn and Car Washing' },
      { name: 'Hand Pruning Shears', price: [599, 1599], axes: [axis('Type', 'Bypass', 'Anvil')], features: ['SK5 Steel Blade', 'Safety Lock', 'Cushioned Grip'], material: 'carbon steel', use: 'Roses and Shrubs' },
      { name: 'Bird Feeder Hanging', price: [899, 2199], axes: [axis('Style', 'Tube', 'House', 'Window')], features: ['Weatherproof Roof', 'Easy Refill', 'Squirrel Resistant'], material: 'metal and polycarbonate', use: 'Backyard Birdwatching' },
      { name: 'Vegetable Seed Starter Kit', price: [799, 1999], axes: [pack('40 cells', '120 cells')], features: ['Humidity Dome', 'Reusable Trays', 'Plant Labels Included'], material: 'PP plastic', use: 'Germinating Seeds' },
    ],
  },
];

/** Phrases that open a Temu-style title; paired with the item name they read naturally. */
export const TITLE_LEADS: readonly string[] = [
  '',
  '',
  '',
  'New',
  'Premium',
  'Upgraded',
  'Classic',
  'Trendy',
  'Best Seller',
  'Durable',
  'Lightweight',
  'Portable',
];

/** Sentences that close a description; {use} is replaced with the item's use. */
export const DESCRIPTION_TAILS: readonly string[] = [
  'A thoughtful gift for family and friends.',
  'Perfect for {use}.',
  'Ideal for {use}, at home or on the go.',
  'Backed by a 30-day hassle-free return policy.',
  'Ships in a compact, recyclable box.',
  'Great value for everyday {use}.',
];
