package org.segadapt.data.streets;

import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Lays out and draws one street scene in perspective: sky, far skyline, ground (terrain, sidewalks, road
 * with markings), blocks along both street sides (buildings with windows, walls, fences, vegetation), then
 * street furniture and road users sorted far to near (painter's algorithm), so occlusion and scale with
 * depth come from the geometry.
 */
final class StreetScene {
    private static final double FAR = 160.0;
    private static final double LANE = 3.2;

    private final Look look;
    private final Domain.Layout lay;
    private final Camera cam;
    private final Canvas cv;
    private final SplittableRandom r;
    private final double near;
    /** Brightness of facades facing right (+) and left (−): a sun direction. */
    private final double shadeLeftSide;
    private final double shadeRightSide;

    private double roadL;
    private double roadR;
    private final double[] sidewalk = new double[2];
    private final double[] verge = new double[2];
    private final double[] setback = new double[2];
    private double crosswalkZ = -1;
    private boolean rails;
    private boolean trainPresent;

    private StreetScene(Look look, int height, int width, SplittableRandom r) {
        this.look = look;
        this.lay = look.layout();
        this.r = r;
        this.cam = look.camera(r, width, height);
        this.cv = new Canvas(width, height);
        this.near = Math.max(0.5, cam.nearestGroundDepth() * 0.6);
        if (look.target()) { // random facade shading, towards the source's fixed sun by 1 − g
            shadeLeftSide = Look.mix(1.0, 0.6 + 0.4 * r.nextDouble(), look.gap());
            shadeRightSide = Look.mix(0.8, 0.6 + 0.4 * r.nextDouble(), look.gap());
        } else {
            shadeLeftSide = 1.0; // noon sun from the right-hand side, always
            shadeRightSide = 0.8;
        }
    }

    /** Draws one scene (labels exact, colours unprocessed) for a domain. */
    static Frame draw(Look look, int height, int width, SplittableRandom r) {
        StreetScene s = new StreetScene(look, height, width, r);
        double roll = look.roll(r);
        if (roll != 0) {
            s.cv.roll(roll);
        }
        s.layoutStreet();
        s.sky();
        s.skyline();
        s.ground();
        s.sideBlocks(0);
        s.sideBlocks(1);
        s.objects();
        if (look.target() && (look.gap() == 1 || r.nextDouble() < look.gap())) { // the bonnet in a share g of the images
            s.egoHood();
        }
        return s.cv.finish();
    }

    // ---------------------------------------------------------------- layout

    private void layoutStreet() {
        int lanesLeft = 1 + r.nextInt(3);
        int lanesRight = r.nextInt(3) == 0 ? 1 : 0;
        roadL = -(lanesLeft + 0.5) * LANE - u(0, 0.6);
        roadR = (lanesRight + 0.5) * LANE + u(0, 0.6);
        for (int s = 0; s < 2; s++) {
            sidewalk[s] = u(1.8, 4.5);
            verge[s] = r.nextDouble() < 0.25 ? u(0.8, 2.5) : 0;
            double yard = r.nextDouble() < 0.3 ? u(1.5, 6) : 0;
            setback[s] = sidewalk[s] + verge[s] + yard;
        }
        if (r.nextDouble() < 0.3) {
            crosswalkZ = u(near + 4, 25);
        }
        trainPresent = r.nextDouble() < lay.trains();
        rails = trainPresent || r.nextDouble() < 0.05;
    }

    /** Lateral coordinate of the road edge on side s (0 left, 1 right). */
    private double edge(int s) {
        return s == 0 ? roadL : roadR;
    }

    /** Lateral coordinate at distance d beyond the road edge on side s. */
    private double out(int s, double d) {
        return s == 0 ? roadL - d : roadR + d;
    }

    // ---------------------------------------------------------------- background and ground

    private void sky() {
        int w = cam.width(), h = cam.height();
        cv.fill(new Rectangle2D.Double(-w, -h, 3.0 * w, 3.0 * h), Ids.SKY, look.colour(Material.SKY, r));
    }

    private void skyline() {
        double z = FAR;
        double x = cam.x(-400, z);
        double end = cam.x(400, z);
        boolean trees = r.nextDouble() < Look.mix(0.25, 0.45, look.g());
        while (x < end) {
            double wpx = u(6, 40) * cam.scale(z);
            if (trees && r.nextDouble() < 0.6) {
                double hpx = u(6, 16) * cam.scale(z);
                cv.fill(new Ellipse2D.Double(x, cam.y(0, z) - hpx, wpx * 1.4, 2 * hpx), Ids.VEGETATION,
                        look.colour(Material.VEGETATION, r));
            } else {
                double top = cam.y(u(6, 45), z);
                cv.fill(rect(x, top, wpx, cam.y(0, z) - top + 1), Ids.BUILDING,
                        Colours.scale(look.colour(Material.BUILDING, r), 0.85));
            }
            x += wpx;
        }
    }

    private void ground() {
        // everything beyond the sidewalks is terrain unless a block stands on it
        cv.fill(groundStrip(-500, 500, near, FAR * 1.5), Ids.TERRAIN, look.colour(Material.TERRAIN, r));
        for (int s = 0; s < 2; s++) {
            double a = verge[s], b = verge[s] + sidewalk[s];
            cv.fill(groundStrip(out(s, a), out(s, b), near, FAR * 1.5), Ids.SIDEWALK, look.colour(Material.SIDEWALK, r));
            cv.paint(groundStrip(out(s, a), out(s, a + 0.2), near, FAR * 1.5), look.colour(Material.CURB, r));
            if (sidewalk[s] + setback[s] > 0 && r.nextDouble() < 0.5) {
                // sidewalk reaches the buildings: pave the yard as well
                cv.fill(groundStrip(out(s, b), out(s, setback[s] + 1), near, FAR * 1.5), Ids.SIDEWALK,
                        look.colour(Material.SIDEWALK, r));
            }
        }
        cv.fill(groundStrip(roadL, roadR, near, FAR * 1.5), Ids.ROAD, look.colour(Material.ROAD, r));
        int paint = look.colour(Material.LANE_PAINT, r);
        double phase = u(0, 9);
        for (double lx = roadL + LANE; lx < roadR - 1; lx += LANE) {
            for (double z = near - phase; z < 90; z += 9) {
                double z0 = Math.max(near, z), z1 = z + 3;
                if (z1 > z0) {
                    cv.paint(groundStrip(lx - 0.07, lx + 0.07, z0, z1), paint);
                }
            }
        }
        cv.paint(groundStrip(roadL + 0.3, roadL + 0.45, near, 120), paint);
        cv.paint(groundStrip(roadR - 0.45, roadR - 0.3, near, 120), paint);
        if (crosswalkZ > 0) {
            for (double lx = roadL + 0.6; lx < roadR - 0.6; lx += 1.0) {
                cv.paint(groundStrip(lx, lx + 0.5, crosswalkZ, crosswalkZ + 3), paint);
            }
        }
        if (rails) {
            int rail = look.colour(Material.RAIL, r);
            double c = roadL + LANE * 0.5 + u(0, LANE);
            cv.paint(groundStrip(c - 0.75, c - 0.68, near, FAR), rail);
            cv.paint(groundStrip(c + 0.68, c + 0.75, near, FAR), rail);
        }
    }

    // ---------------------------------------------------------------- street sides

    private record Block(int kind, double z0, double z1) {}

    private void sideBlocks(int s) {
        List<Block> blocks = new ArrayList<>();
        double z = u(0.5, 4);
        double[] w = {lay.building(), lay.vegetation(), lay.wall(), lay.fence(), lay.gap()};
        while (z < FAR) {
            double len = u(8, 35);
            blocks.add(new Block(pick(w), z, z + len));
            z += len;
        }
        double x = out(s, setback[s]);
        double shade = s == 0 ? shadeLeftSide : shadeRightSide;
        for (int i = blocks.size() - 1; i >= 0; i--) {
            Block b = blocks.get(i);
            switch (b.kind()) {
                case 0 -> building(s, x, b.z0(), b.z1(), shade);
                case 1 -> vegetationBlock(s, x, b.z0(), b.z1());
                case 2 -> {
                    backdrop(s, x, b);
                    int c = Colours.scale(look.colour(Material.WALL, r), shade);
                    double h = u(1.0, 2.6);
                    cv.fill(plane(x, b.z0(), b.z1(), 0, h), Ids.WALL, c);
                    cv.paint(plane(x, b.z0(), b.z1(), h - 0.15, h), Colours.scale(c, 1.15));
                }
                case 3 -> {
                    backdrop(s, x, b);
                    fence(x, b.z0(), b.z1(), u(1.0, 2.0), shade);
                }
                default -> backdrop(s, x, b);
            }
        }
    }

    /** What stands behind a low block or a gap: a building set back further, trees, or open ground. */
    private void backdrop(int s, double x, Block b) {
        double t = r.nextDouble();
        double back = s == 0 ? x - u(4, 12) : x + u(4, 12);
        if (t < 0.45) {
            building(s, back, b.z0(), b.z1(), s == 0 ? shadeLeftSide : shadeRightSide);
        } else if (t < 0.8) {
            vegetationBlock(s, back, b.z0(), b.z1());
        }
    }

    private void building(int s, double x, double z0, double z1, double shade) {
        double h = u(6, 28);
        int c = look.colour(Material.BUILDING, r);
        int face = Colours.scale(c, shade);
        double depth = s == 0 ? -14 : 14;
        // the end wall facing the camera, darker than the facade
        cv.fill(front(x, x + depth, z0, 0, h), Ids.BUILDING, Colours.scale(c, shade * 0.75));
        cv.fill(plane(x, z0, z1, 0, h), Ids.BUILDING, face);
        if (cam.scale(z0) < 0.6) {
            return;
        }
        int glass = look.colour(Material.WINDOW, r);
        double colStep = u(2.2, 3.5), floorStep = u(2.8, 3.6), ww = u(0.9, 1.5), wh = u(1.1, 1.7);
        boolean shop = r.nextDouble() < 0.4;
        for (double fy = shop ? floorStep : 1.0; fy + wh < h - 0.5; fy += floorStep) {
            for (double wz = z0 + 0.8; wz + ww < z1 - 0.5; wz += colStep) {
                if (cam.scale(wz) * ww < 0.7) {
                    break;
                }
                cv.paint(plane(x, wz, wz + ww, fy, fy + wh), glass);
            }
        }
        if (shop) {
            cv.paint(plane(x, z0 + 0.5, z1 - 0.5, 0.3, floorStep - 0.6), Colours.scale(glass, 1.2));
        }
    }

    private void vegetationBlock(int s, double x, double z0, double z1) {
        int leaf = look.colour(Material.VEGETATION, r);
        double hedge = u(0.8, 2.2);
        cv.fill(plane(x, z0, z1, 0, hedge), Ids.VEGETATION, Colours.scale(leaf, 0.85));
        double back = s == 0 ? x - 2.5 : x + 2.5;
        for (double z = z1; z > z0; z -= u(4, 9)) {
            tree(back, z, leaf);
        }
    }

    private void fence(double x, double z0, double z1, double h, double shade) {
        int c = Colours.scale(look.colour(Material.FENCE, r), shade);
        cv.fill(plane(x, z0, z1, 0, h), Ids.FENCE, c);
        int bar = Colours.scale(c, 0.6);
        for (double z = z0; z < z1; z += 0.4) {
            if (cam.scale(z) * 0.4 < 2) {
                break;
            }
            cv.paintLine(line(x, z, 0, x, z, h), cam.scale(z) * 0.05, bar);
        }
        cv.paint(plane(x, z0, z1, h * 0.45, h * 0.52), bar);
    }

    // ---------------------------------------------------------------- road users and furniture

    private record Item(double z, Runnable draw) {}

    private void objects() {
        List<Item> items = new ArrayList<>();
        double zMin = near + 1.0;
        for (int i = poisson(lay.cars()); i > 0; i--) {
            double z = depth(zMin + 1, 60);
            double x = r.nextDouble() < 0.4 ? (r.nextBoolean() ? roadL + 1.1 : roadR - 1.1) : laneCentre();
            items.add(new Item(z, () -> vehicle(x, z, 1.8, u(1.35, 1.6), u(3.8, 4.8), Ids.CAR, Material.CAR)));
        }
        for (int i = poisson(lay.trucks()); i > 0; i--) {
            double z = u(zMin + 3, 70);
            double x = laneCentre();
            items.add(new Item(z, () -> vehicle(x, z, 2.5, u(3.0, 3.9), u(7, 12), Ids.TRUCK, Material.TRUCK)));
        }
        for (int i = poisson(lay.buses()); i > 0; i--) {
            double z = u(zMin + 3, 70);
            double x = laneCentre();
            items.add(new Item(z, () -> vehicle(x, z, 2.55, 3.1, 12, Ids.BUS, Material.BUS)));
        }
        if (trainPresent) {
            double z = u(zMin + 4, 50);
            double x = laneCentre();
            items.add(new Item(z, () -> vehicle(x, z, 2.65, 3.5, 30, Ids.TRAIN, Material.TRAIN)));
        }
        for (int i = poisson(lay.persons()); i > 0; i--) {
            int s = r.nextInt(2);
            boolean crossing = crosswalkZ > 0 && r.nextDouble() < 0.3;
            double z = crossing ? crosswalkZ + u(0.3, 2.7) : depth(zMin, 40);
            double x = crossing ? u(roadL, roadR) : out(s, verge[s] + u(0.4, sidewalk[s] - 0.2));
            items.add(new Item(z, () -> person(x, z, u(1.55, 1.9), 0, Ids.PERSON)));
        }
        for (int i = poisson(lay.riders()); i > 0; i--) {
            double z = depth(zMin + 1, 35);
            double x = r.nextBoolean() ? roadL + u(0.6, 1.4) : roadR - u(0.6, 1.4);
            boolean motor = r.nextDouble() < 0.4;
            items.add(new Item(z, () -> twoWheeler(x, z, motor, true)));
        }
        for (int i = poisson(lay.bicycles()); i > 0; i--) {
            int s = r.nextInt(2);
            double z = depth(zMin, 30);
            double x = out(s, verge[s] + sidewalk[s] - u(0.3, 0.8));
            items.add(new Item(z, () -> twoWheeler(x, z, false, false)));
        }
        for (int i = poisson(lay.motorcycles()); i > 0; i--) {
            double z = depth(zMin, 30);
            double x = r.nextBoolean() ? roadL + 0.8 : roadR - 0.8;
            items.add(new Item(z, () -> twoWheeler(x, z, true, false)));
        }
        for (int i = poisson(lay.trees()); i > 0; i--) {
            int s = r.nextInt(2);
            double z = u(zMin + 2, 80);
            double x = out(s, verge[s] + sidewalk[s] * 0.75);
            int leaf = look.colour(Material.VEGETATION, r);
            items.add(new Item(z, () -> tree(x, z, leaf)));
        }
        for (int i = poisson(lay.poles()); i > 0; i--) {
            int s = r.nextInt(2);
            double z = u(zMin + 1, 70);
            double x = out(s, verge[s] + 0.4);
            int kind = r.nextInt(3);
            items.add(new Item(z, () -> pole(s, x, z, kind)));
        }
        items.sort(Comparator.comparingDouble(Item::z).reversed());
        for (Item it : items) {
            it.draw().run();
        }
    }

    private double laneCentre() {
        int lanes = (int) Math.max(1, Math.round((roadR - roadL) / LANE));
        return roadL + LANE * (r.nextInt(lanes) + 0.5);
    }

    /** A box-shaped vehicle seen from behind: the side facing the camera axis, then the rear face. */
    private void vehicle(double x, double z, double w, double h, double len, int id, Material m) {
        int body = look.colour(m, r);
        int glass = look.colour(Material.GLASS, r);
        int tyre = look.colour(Material.TYRE, r);
        double sideX = x > 0 ? x - w / 2 : x + w / 2;
        double bottom = id == Ids.CAR ? 0.25 : 0.45;
        int sideColour = Colours.scale(body, 0.8);
        if (Math.abs(sideX) > 0.3) {
            if (id == Ids.CAR) {
                cv.fill(plane(sideX, z, z + len, bottom, h * 0.6), id, sideColour);
                cv.fill(cabinSide(sideX, z + len * 0.22, z + len * 0.8, h * 0.6, h), id, sideColour);
                cv.paint(plane(sideX, z + len * 0.3, z + len * 0.72, h * 0.64, h * 0.93), glass);
            } else if (id == Ids.TRUCK) {
                double cab = 2.4;
                cv.fill(plane(sideX, z, z + len - cab - 0.2, bottom + 0.4, h), id, sideColour);
                cv.fill(plane(sideX, z + len - cab, z + len, bottom, h * 0.8), id, Colours.scale(sideColour, 0.9));
                cv.paint(plane(sideX, z + len - cab * 0.6, z + len - 0.2, h * 0.45, h * 0.72), glass);
                cv.fill(plane(sideX, z, z + len, bottom, bottom + 0.4), id, Colours.scale(tyre, 2.0));
            } else {
                cv.fill(plane(sideX, z, z + len, bottom, h), id, sideColour);
                double band0 = id == Ids.BUS ? 1.2 : 1.1, band1 = h - 0.5;
                cv.paint(plane(sideX, z + 0.5, z + len - 0.5, band0, band1), glass);
                double seg = id == Ids.TRAIN ? 7.5 : 2.0;
                for (double sz = z + seg; sz < z + len - 0.5; sz += seg) {
                    cv.paint(plane(sideX, sz, sz + (id == Ids.TRAIN ? 0.4 : 0.15), band0 - 0.1, band1 + 0.1), sideColour);
                }
            }
            for (double wz : new double[] {z + len * 0.15, z + len * 0.85}) {
                double rad = id == Ids.CAR ? 0.33 : 0.5;
                cv.fill(new Ellipse2D.Double(cam.x(sideX, wz) - 0.4 * rad * cam.scale(wz), cam.y(2 * rad, wz),
                        0.8 * rad * cam.scale(wz), 2 * rad * cam.scale(wz)), id, tyre);
            }
        }
        // rear face
        cv.fill(front(x - w / 2, x + w / 2, z, bottom, id == Ids.CAR ? h * 0.6 : h), id, body);
        if (id == Ids.CAR) {
            Path2D cabin = new Path2D.Double();
            cabin.moveTo(cam.x(x - w * 0.5, z), cam.y(h * 0.6, z));
            cabin.lineTo(cam.x(x + w * 0.5, z), cam.y(h * 0.6, z));
            cabin.lineTo(cam.x(x + w * 0.4, z), cam.y(h, z));
            cabin.lineTo(cam.x(x - w * 0.4, z), cam.y(h, z));
            cabin.closePath();
            cv.fill(cabin, id, body);
            cv.paint(front(x - w * 0.38, x + w * 0.38, z, h * 0.64, h * 0.94), glass);
        } else if (id != Ids.TRUCK) {
            cv.paint(front(x - w * 0.42, x + w * 0.42, z, h * 0.45, h * 0.9), glass);
        } else {
            cv.paintLine(line(x, z, bottom, x, z, h), cam.scale(z) * 0.04, Colours.scale(body, 0.6));
        }
        int tail = look.colour(Material.TAIL_LIGHT, r);
        cv.paint(front(x - w * 0.48, x - w * 0.34, z, h * 0.35, h * 0.45), tail);
        cv.paint(front(x + w * 0.34, x + w * 0.48, z, h * 0.35, h * 0.45), tail);
        cv.fill(front(x - w * 0.45, x - w * 0.28, z, 0, bottom + 0.05), id, tyre);
        cv.fill(front(x + w * 0.28, x + w * 0.45, z, 0, bottom + 0.05), id, tyre);
    }

    private Path2D cabinSide(double x, double z0, double z1, double y0, double y1) {
        Path2D p = new Path2D.Double();
        double d = (z1 - z0) * 0.18;
        p.moveTo(cam.x(x, z0), cam.y(y0, z0));
        p.lineTo(cam.x(x, z0 + d), cam.y(y1, z0 + d));
        p.lineTo(cam.x(x, z1 - d), cam.y(y1, z1 - d));
        p.lineTo(cam.x(x, z1), cam.y(y0, z1));
        p.closePath();
        return p;
    }

    /** A standing (or, with base > 0, seated) human figure; label is person or rider. */
    private void person(double x, double z, double h, double base, int id) {
        double k = cam.scale(z);
        double cx = cam.x(x, z), foot = cam.y(base, z);
        int skin = look.colour(Material.SKIN, r);
        int top = look.colour(Material.CLOTHES, r);
        int legs = look.colour(Material.CLOTHES, r);
        double u = h * k; // figure height in pixels
        if (base == 0) {
            double stride = r.nextDouble() * 0.12;
            cv.fill(quadPx(cx - 0.13 * u, foot, cx - (0.02 - stride) * u, foot, cx + 0.01 * u, foot - 0.48 * u,
                    cx - 0.1 * u, foot - 0.48 * u), id, legs);
            cv.fill(quadPx(cx + (0.02 + stride) * u, foot, cx + 0.13 * u, foot, cx + 0.1 * u, foot - 0.48 * u,
                    cx - 0.01 * u, foot - 0.48 * u), id, legs);
        }
        double hip = base == 0 ? foot - 0.46 * u : foot;
        double shoulder = hip - 0.34 * u;
        cv.fill(quadPx(cx - 0.11 * u, hip, cx + 0.11 * u, hip, cx + 0.13 * u, shoulder, cx - 0.13 * u, shoulder), id, top);
        cv.fill(quadPx(cx - 0.17 * u, shoulder + 0.3 * u, cx - 0.12 * u, shoulder + 0.3 * u, cx - 0.1 * u, shoulder,
                cx - 0.15 * u, shoulder), id, top);
        cv.fill(quadPx(cx + 0.12 * u, shoulder + 0.3 * u, cx + 0.17 * u, shoulder + 0.3 * u, cx + 0.15 * u, shoulder,
                cx + 0.1 * u, shoulder), id, top);
        cv.fill(rect(cx - 0.03 * u, shoulder - 0.04 * u, 0.06 * u, 0.05 * u), id, skin);
        cv.fill(new Ellipse2D.Double(cx - 0.065 * u, shoulder - 0.17 * u, 0.13 * u, 0.15 * u), id, skin);
        cv.paint(new Ellipse2D.Double(cx - 0.065 * u, shoulder - 0.175 * u, 0.13 * u, 0.07 * u),
                look.colour(Material.HAIR, r));
    }

    /** A bicycle or motorcycle in side view (crossing or parked), optionally ridden. */
    private void twoWheeler(double x, double z, boolean motor, boolean ridden) {
        int id = motor ? Ids.MOTORCYCLE : Ids.BICYCLE;
        double k = cam.scale(z);
        double cx = cam.x(x, z), ground = cam.y(0, z);
        double rad = (motor ? 0.32 : 0.34) * k, base = (motor ? 1.4 : 1.05) * k;
        int frame = look.colour(motor ? Material.MOTORCYCLE : Material.BICYCLE, r);
        int tyre = look.colour(Material.TYRE, r);
        double dir = r.nextBoolean() ? 1 : -1;
        double rx = cx - dir * base / 2, fx = cx + dir * base / 2, hubY = ground - rad;
        double tyreW = (motor ? 0.09 : 0.045) * k;
        cv.stroke(new Ellipse2D.Double(rx - rad, hubY - rad, 2 * rad, 2 * rad), tyreW, id, tyre);
        cv.stroke(new Ellipse2D.Double(fx - rad, hubY - rad, 2 * rad, 2 * rad), tyreW, id, tyre);
        double seatX = rx + dir * 0.35 * k, seatY = ground - (motor ? 0.8 : 0.9) * k;
        double barX = fx - dir * 0.12 * k, barY = ground - (motor ? 1.0 : 1.0) * k;
        if (motor) {
            cv.fill(quadPx(rx + dir * 0.2 * k, hubY - 0.1 * k, fx - dir * 0.25 * k, hubY - 0.1 * k,
                    fx - dir * 0.3 * k, ground - 0.85 * k, rx + dir * 0.1 * k, ground - 0.8 * k), id, frame);
            cv.fill(new Ellipse2D.Double(cx - 0.25 * k, ground - 0.55 * k, 0.5 * k, 0.35 * k), id, Colours.scale(frame, 0.7));
            cv.stroke(new Line2D.Double(fx, hubY, barX, barY), 0.06 * k, id, frame);
        } else {
            double px = cx, py = hubY;
            double fw = 0.035 * k;
            cv.stroke(new Line2D.Double(rx, hubY, px, py), fw, id, frame);
            cv.stroke(new Line2D.Double(px, py, seatX, seatY), fw, id, frame);
            cv.stroke(new Line2D.Double(rx, hubY, seatX, seatY), fw, id, frame);
            cv.stroke(new Line2D.Double(seatX, seatY, barX, barY + 0.1 * k), fw, id, frame);
            cv.stroke(new Line2D.Double(px, py, barX, barY + 0.1 * k), fw, id, frame);
            cv.stroke(new Line2D.Double(fx, hubY, barX, barY), fw, id, frame);
            cv.stroke(new Line2D.Double(barX - dir * 0.1 * k, barY, barX + dir * 0.05 * k, barY), fw, id, frame);
        }
        if (ridden) {
            int top = look.colour(Material.CLOTHES, r);
            int skin = look.colour(Material.SKIN, r);
            double u = 1.75 * k;
            double hipX = seatX, hipY = seatY - 0.02 * u;
            // thigh and shin towards the pedal / footrest, torso leaning to the handlebar, arm, head
            double kneeX = hipX + dir * 0.2 * u, kneeY = hipY + 0.02 * u;
            cv.stroke(new Line2D.Double(hipX, hipY, kneeX, kneeY), 0.08 * u, Ids.RIDER, top);
            cv.stroke(new Line2D.Double(kneeX, kneeY, cx + dir * 0.03 * u, ground - 0.1 * u), 0.07 * u, Ids.RIDER, top);
            double shX = hipX + dir * 0.12 * u, shY = hipY - 0.3 * u;
            cv.fill(quadPx(hipX - 0.06 * u, hipY, hipX + 0.06 * u, hipY, shX + 0.07 * u, shY, shX - 0.07 * u, shY),
                    Ids.RIDER, top);
            cv.stroke(new Line2D.Double(shX, shY + 0.03 * u, barX, barY), 0.05 * u, Ids.RIDER, top);
            cv.fill(new Ellipse2D.Double(shX - 0.065 * u + dir * 0.03 * u, shY - 0.15 * u, 0.13 * u, 0.14 * u), Ids.RIDER,
                    motor ? look.colour(Material.CLOTHES, r) : skin);
        }
    }

    private void tree(double x, double z, int leaf) {
        double k = cam.scale(z);
        double h = u(4, 9), crown = u(1.5, 3.2);
        cv.fill(front(x - 0.15, x + 0.15, z, 0, h - crown), Ids.VEGETATION, look.colour(Material.TRUNK, r));
        double cx = cam.x(x, z), cy = cam.y(h - crown * 0.8, z);
        int lobes = 2 + r.nextInt(3);
        for (int i = 0; i < lobes; i++) {
            double rr = crown * u(0.6, 1.0) * k;
            double ox = u(-0.8, 0.8) * crown * k, oy = u(-0.6, 0.4) * crown * k;
            cv.fill(new Ellipse2D.Double(cx + ox - rr, cy + oy - rr, 2 * rr, 2 * rr * 0.9), Ids.VEGETATION,
                    Colours.scale(leaf, u(0.8, 1.1)));
        }
    }

    /** kind 0: street lamp; 1: traffic light (possibly on an arm over the road); 2: traffic sign. */
    private void pole(int s, double x, double z, int kind) {
        int c = look.colour(Material.POLE, r);
        double h = kind == 0 ? u(5, 8) : kind == 1 ? u(3.2, 5.5) : u(2.4, 3.2);
        cv.fill(front(x - 0.08, x + 0.08, z, 0, h), Ids.POLE, c);
        if (kind == 0) {
            double tip = s == 0 ? x + 1.5 : x - 1.5;
            cv.stroke(line(x, z, h, tip, z, h), 0.12 * cam.scale(z), Ids.POLE, c);
        } else if (kind == 1) {
            double lx = x;
            if (r.nextDouble() < 0.4) {
                lx = s == 0 ? x + u(2, 4) : x - u(2, 4);
                cv.stroke(line(x, z, h - 0.1, lx, z, h - 0.1), 0.12 * cam.scale(z), Ids.POLE, c);
            }
            double w = 0.34, top = lx == x ? h + 0.9 : h - 0.1, bottom = top - 0.95;
            cv.fill(front(lx - w / 2, lx + w / 2, z, bottom, top), Ids.LIGHT, look.colour(Material.LIGHT_BOX, r));
            int lit = r.nextInt(3);
            for (int i = 0; i < 3; i++) {
                double cy = top - 0.17 - 0.3 * i;
                int lamp = look.lamp(i);
                cv.paint(ellipse(lx, cy, z, 0.11, 0.11), i == lit ? lamp : Colours.scale(lamp, 0.3));
            }
        } else {
            int shape = r.nextInt(3);
            int face = look.colour(Material.SIGN, r);
            double cy = h + 0.35, rad = 0.35;
            if (shape == 0) {
                cv.fill(ellipse(x, cy, z, rad, rad), Ids.SIGN, face);
                cv.paint(ellipse(x, cy, z, rad * 0.7, rad * 0.7), look.colour(Material.SIGN_FACE, r));
            } else if (shape == 1) {
                cv.fill(front(x - rad, x + rad, z, cy - rad, cy + rad), Ids.SIGN, face);
            } else {
                cv.fill(quadPx(cam.x(x - rad, z), cam.y(cy - rad, z), cam.x(x + rad, z), cam.y(cy - rad, z),
                        cam.x(x, z), cam.y(cy + rad, z), cam.x(x, z), cam.y(cy + rad, z)), Ids.SIGN, face);
            }
        }
    }

    /** Target camera: the bonnet of the recording car shows at the bottom (Cityscapes labels it ego vehicle). */
    private void egoHood() {
        int w = cam.width(), h = cam.height();
        if (r.nextDouble() < 0.3) {
            return;
        }
        double rise = h * u(0.03, 0.08);
        Path2D p = new Path2D.Double();
        p.moveTo(-w, h * 2);
        p.lineTo(-w, h + 1);
        p.lineTo(0, h);
        p.quadTo(w / 2.0, h - 2 * rise, w, h);
        p.lineTo(2 * w, h + 1);
        p.lineTo(2 * w, h * 2);
        p.closePath();
        cv.fill(p, Ids.EGO, look.colour(Material.EGO_HOOD, r));
    }

    // ---------------------------------------------------------------- geometry

    /** Ground strip between lateral coordinates a and b, depths z0..z1. */
    private Path2D groundStrip(double a, double b, double z0, double z1) {
        return quadPx(cam.x(a, z0), cam.y(0, z0), cam.x(b, z0), cam.y(0, z0), cam.x(b, z1), cam.y(0, z1),
                cam.x(a, z1), cam.y(0, z1));
    }

    /** Vertical plane parallel to the road at lateral x, depths z0..z1, heights y0..y1. */
    private Path2D plane(double x, double z0, double z1, double y0, double y1) {
        return quadPx(cam.x(x, z0), cam.y(y0, z0), cam.x(x, z0), cam.y(y1, z0), cam.x(x, z1), cam.y(y1, z1),
                cam.x(x, z1), cam.y(y0, z1));
    }

    /** Rectangle facing the camera at depth z, lateral a..b, heights y0..y1. */
    private Rectangle2D front(double a, double b, double z, double y0, double y1) {
        double xa = cam.x(Math.min(a, b), z), xb = cam.x(Math.max(a, b), z);
        double top = cam.y(y1, z), bottom = cam.y(y0, z);
        return rect(xa, top, xb - xa, bottom - top);
    }

    private Ellipse2D ellipse(double x, double y, double z, double rx, double ry) {
        double k = cam.scale(z);
        return new Ellipse2D.Double(cam.x(x, z) - rx * k, cam.y(y, z) - ry * k, 2 * rx * k, 2 * ry * k);
    }

    private Line2D line(double x0, double z0, double y0, double x1, double z1, double y1) {
        return new Line2D.Double(cam.x(x0, z0), cam.y(y0, z0), cam.x(x1, z1), cam.y(y1, z1));
    }

    private static Rectangle2D rect(double x, double y, double w, double h) {
        return new Rectangle2D.Double(x, y, Math.max(w, 1.0), Math.max(h, 1.0));
    }

    private static Path2D quadPx(double x0, double y0, double x1, double y1, double x2, double y2, double x3, double y3) {
        Path2D p = new Path2D.Double();
        p.moveTo(x0, y0);
        p.lineTo(x1, y1);
        p.lineTo(x2, y2);
        p.lineTo(x3, y3);
        p.closePath();
        return p;
    }

    // ---------------------------------------------------------------- randomness

    private double u(double a, double b) {
        return a + (b - a) * r.nextDouble();
    }

    /** A depth in [a, b] biased towards the camera, as road users are in driving footage. */
    private double depth(double a, double b) {
        double t = r.nextDouble();
        return a + (b - a) * t * t;
    }

    private int pick(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double t = r.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            t -= weights[i];
            if (t < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private int poisson(double mean) {
        double l = Math.exp(-mean), p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }
}
