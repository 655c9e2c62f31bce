fn main() {
    posture_app::start();
}
